

n



offset

